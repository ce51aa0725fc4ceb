/**
 * A stand-in for the browser's extension host, to run the web bundle (`dist/web/extension.js`)
 * under Node: a `vm` context with only what a web worker has (no `require`, `Buffer`, `process`,
 * `setImmediate`), and a `vscode` module with an in-memory `workspace.fs`. Just enough API for
 * activation and a review editor's open / show / label round trip; a URI's `fsPath` throws, since
 * nothing in the browser build may treat a URI as a local path. The typechecker holds its names to
 * `@types/vscode` (`KnownNames`), and test/e2e/webExtension.test.ts runs the same bundle in the real
 * web worker extension host, so the stand-in cannot drift into an API of its own.
 */
import { runInContext, createContext } from 'node:vm';
import type * as vscodeApi from 'vscode';

/**
 * Names the fake may use: each must exist in the real API (`@types/vscode`), one level into
 * its namespaces, so the stand-in cannot grow members VS Code does not have.
 */
type KnownNames<T> = { [K in keyof T]?: T[K] extends (...args: never[]) => unknown ? unknown : T[K] extends object ? { [M in keyof T[K]]?: unknown } : unknown };

type Listener<T> = (e: T) => unknown;
interface Disposable {
  dispose(): void;
}

class EventEmitter<T> {
  private _listeners = new Set<Listener<T>>();
  readonly event = (listener: Listener<T>): Disposable => {
    this._listeners.add(listener);
    return { dispose: () => this._listeners.delete(listener) };
  };
  fire(e: T): void {
    for (const l of [...this._listeners]) l(e);
  }
  dispose(): void {
    this._listeners.clear();
  }
}

function normalize(path: string): string {
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return '/' + out.join('/');
}

export class Uri {
  private constructor(
    readonly scheme: string,
    readonly authority: string,
    readonly path: string,
    readonly query = '',
    readonly fragment = '',
  ) {}

  static parse(value: string): Uri {
    // `scheme://authority/path?query#fragment`, or without an authority (`command:id?args`).
    const m = /^([a-z][\w+.-]*):(?:\/\/([^/?#]*))?([^?#]*)(?:\?([^#]*))?(?:#(.*))?$/i.exec(value);
    if (!m) throw new Error(`not a URI: ${value}`);
    return new Uri(m[1]!, m[2] ?? '', decodeURIComponent(m[3] || '/'), m[4] ?? '', m[5] ?? '');
  }

  static joinPath(base: Uri, ...segments: string[]): Uri {
    return base.with({ path: normalize([base.path, ...segments].join('/')) });
  }

  with(change: { scheme?: string; authority?: string; path?: string; query?: string; fragment?: string }): Uri {
    return new Uri(change.scheme ?? this.scheme, change.authority ?? this.authority, change.path ?? this.path, change.query ?? this.query, change.fragment ?? this.fragment);
  }

  get fsPath(): string {
    throw new Error(`fsPath of ${this.toString()} used in the browser build`);
  }

  toString(): string {
    return `${this.scheme}://${this.authority}${this.path.split('/').map(encodeURIComponent).join('/')}${this.query ? `?${this.query}` : ''}${this.fragment ? `#${this.fragment}` : ''}`;
  }

  toJSON(): string {
    return this.toString();
  }
}

class FileSystemError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
  static FileNotFound(uri?: Uri): FileSystemError {
    return new FileSystemError(`not found: ${uri?.toString() ?? ''}`, 'FileNotFound');
  }
}

const FileType = { Unknown: 0, File: 1, Directory: 2, SymbolicLink: 64 } as const;

/** Files by URI string. `sizeOnly` files have a size and no bytes: reading one fails the test. */
export class MemoryFs {
  readonly files = new Map<string, { bytes?: Uint8Array; size: number; mtime: number }>();
  readonly dirs = new Set<string>();
  readonly reads: string[] = [];
  /** Writes that fail before this many more (a disk refusing, then accepting). */
  failWrites = 0;

  put(uri: string, content: string | Uint8Array): void {
    const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
    this.files.set(Uri.parse(uri).toString(), { bytes, size: bytes.length, mtime: Date.now() });
  }

  putSizeOnly(uri: string, size: number): void {
    this.files.set(Uri.parse(uri).toString(), { size, mtime: Date.now() });
  }

  text(uri: string): string | undefined {
    const f = this.files.get(Uri.parse(uri).toString());
    return f?.bytes ? new TextDecoder().decode(f.bytes) : undefined;
  }

  readonly api = {
    stat: async (uri: Uri) => {
      const f = this.files.get(uri.toString());
      if (f) return { type: FileType.File, size: f.size, mtime: f.mtime, ctime: f.mtime };
      if (this.dirs.has(uri.toString()) || [...this.files.keys()].some((k) => k.startsWith(uri.toString() + '/'))) return { type: FileType.Directory, size: 0, mtime: 0, ctime: 0 };
      throw FileSystemError.FileNotFound(uri);
    },
    readFile: async (uri: Uri) => {
      this.reads.push(uri.toString());
      const f = this.files.get(uri.toString());
      if (!f) throw FileSystemError.FileNotFound(uri);
      if (!f.bytes) throw new Error(`${uri.toString()} is over the size limit and must not be read`);
      return f.bytes;
    },
    writeFile: async (uri: Uri, bytes: Uint8Array) => {
      if (this.failWrites > 0 && this.failWrites--) throw new FileSystemError(`no permission: ${uri.toString()}`, 'NoPermissions');
      this.files.set(uri.toString(), { bytes: new Uint8Array(bytes), size: bytes.length, mtime: Date.now() });
    },
    createDirectory: async (uri: Uri) => {
      this.dirs.add(uri.toString());
    },
    readDirectory: async (uri: Uri) => {
      const prefix = uri.toString() + '/';
      const children = new Map<string, number>();
      for (const k of this.files.keys()) {
        if (!k.startsWith(prefix)) continue;
        const [first, ...rest] = k.slice(prefix.length).split('/');
        children.set(decodeURIComponent(first!), rest.length ? FileType.Directory : FileType.File);
      }
      if (!children.size && !this.dirs.has(uri.toString())) throw FileSystemError.FileNotFound(uri);
      return [...children];
    },
  };
}

export interface Panel {
  readonly messages: { type: string; [k: string]: unknown }[];
  send(message: unknown): Promise<void>;
  dispose(): void;
}

interface EditorProvider {
  openCustomDocument(uri: Uri, context: object, token: object): Promise<{ model: { index: { built: Promise<void> } }; dispose(): void }>;
  resolveCustomEditor(document: object, panel: object, token: object): Promise<void>;
}

/** The stub `vscode` module and what the bundle did through it. */
export function fakeVscode(fs: MemoryFs, settings: Record<string, unknown> = {}) {
  const commands = new Map<string, (...args: unknown[]) => unknown>();
  const executed: { command: string; args: unknown[] }[] = [];
  const shown: string[] = [];
  const diagnostics = new Map<string, unknown[]>();
  const providers = new Map<string, EditorProvider>();
  /** What the next dialogs and quick picks answer, in order (a quick pick takes its first item when given `first`). */
  const answers: unknown[] = [];
  const disposable = { dispose() {} };
  const show = async (message: string) => {
    shown.push(message);
    return undefined;
  };
  const vscode = {
    Uri,
    EventEmitter,
    FileSystemError,
    FileType,
    Disposable: class {
      constructor(readonly dispose: () => void) {}
    },
    TreeItem: class {
      constructor(readonly label: string) {}
    },
    ThemeIcon: class {
      constructor(readonly id: string) {}
    },
    ThemeColor: class {
      constructor(readonly id: string) {}
    },
    Position: class {
      constructor(
        readonly line: number,
        readonly character: number,
      ) {}
    },
    Range: class {
      constructor(...args: number[]) {
        void args;
      }
    },
    Diagnostic: class {
      constructor(
        readonly range: unknown,
        readonly message: string,
        readonly severity: number,
      ) {}
    },
    DiagnosticSeverity: { Error: 0, Warning: 1 },
    StatusBarAlignment: { Left: 1, Right: 2 },
    ProgressLocation: { SourceControl: 1, Window: 10, Notification: 15 },
    ViewColumn: { Active: -1, Beside: -2 },
    ConfigurationTarget: { Global: 1 },
    l10n: { t: (message: string, ...args: unknown[]) => message.replace(/\{(\d+)\}/g, (_, i: string) => String(args[Number(i)])) },
    workspace: {
      fs: fs.api,
      isTrusted: settings['__untrusted'] ? false : true,
      onDidGrantWorkspaceTrust: () => ({ dispose() {} }),
      registerTextDocumentContentProvider: () => disposable,
      getConfiguration: () => ({ get: (key: string, fallback?: unknown) => settings[key] ?? fallback, update: async () => undefined }),
    },
    CodeActionKind: { QuickFix: 'quickfix' },
    CodeAction: class {
      constructor(
        readonly title: string,
        readonly kind: string,
      ) {}
    },
    languages: {
      createDiagnosticCollection: () => ({
        set: (uri: Uri, list: unknown[]) => diagnostics.set(uri.toString(), list),
        delete: (uri: Uri) => diagnostics.delete(uri.toString()),
        dispose() {},
      }),
      registerCodeActionsProvider: () => disposable,
    },
    window: {
      createOutputChannel: () => ({ info() {}, warn() {}, error() {}, trace() {}, debug() {}, dispose() {} }),
      createStatusBarItem: () => ({ show() {}, hide() {}, dispose() {} }),
      createTreeView: () => ({ dispose() {} }),
      registerCustomEditorProvider: (viewType: string, provider: EditorProvider) => {
        providers.set(viewType, provider);
        return disposable;
      },
      tabGroups: { onDidChangeTabs: () => disposable },
      showInformationMessage: show,
      showWarningMessage: show,
      showErrorMessage: show,
      showOpenDialog: async () => answers.shift(),
      showSaveDialog: async () => answers.shift(),
      // A pick answers from `answers` when shown: 'first' accepts its first item, an item accepts
      // it, nothing (undefined) closes it as Escape would.
      createQuickPick: () => {
        const accepted = new Set<() => void>();
        const hidden = new Set<() => void>();
        const listen = (to: Set<() => void>) => (f: () => void) => (to.add(f), { dispose: () => void to.delete(f) });
        const pick = {
          items: [] as unknown[],
          selectedItems: [] as unknown[],
          activeItems: [] as unknown[],
          onDidAccept: listen(accepted),
          onDidHide: listen(hidden),
          show() {
            const a = answers.shift();
            queueMicrotask(() => {
              if (a === undefined) return hidden.forEach((f) => f());
              pick.selectedItems = [a === 'first' ? pick.items[0] : a];
              accepted.forEach((f) => f());
            });
          },
          dispose() {},
        };
        return pick;
      },
      withProgress: (_options: unknown, task: (progress: object, token: object) => unknown) => task({ report() {} }, { isCancellationRequested: false }),
    } satisfies KnownNames<typeof vscodeApi>['window'],
    commands: {
      registerCommand: (id: string, run: (...args: unknown[]) => unknown) => {
        commands.set(id, run);
        return { dispose: () => commands.delete(id) };
      },
      executeCommand: async (command: string, ...args: unknown[]) => {
        executed.push({ command, args });
        return commands.get(command)?.(...args);
      },
    },
  } satisfies KnownNames<typeof vscodeApi>;
  return { vscode, commands, executed, shown, diagnostics, providers, answers };
}

/** The context of `activate`: storage and the extension's own files in the memory file system. */
export function fakeContext() {
  const state = new Map<string, unknown>();
  return {
    subscriptions: [] as Disposable[],
    extensionUri: Uri.parse('mem://ext/'),
    globalStorageUri: Uri.parse('mem://storage/global'),
    workspaceState: { get: (k: string, d?: unknown) => (state.has(k) ? state.get(k) : d), update: async (k: string, v: unknown) => void state.set(k, v), keys: () => [...state.keys()] },
  };
}

/** A review editor tab: collects what the host posts; `send` delivers a webview message. */
export function fakePanel(): Panel & { panel: object } {
  const received = new EventEmitter<unknown>();
  const disposed = new EventEmitter<void>();
  const messages: Panel['messages'] = [];
  const panel = {
    active: true,
    visible: true,
    webview: {
      options: {},
      html: '',
      cspSource: 'mem:',
      asWebviewUri: (u: Uri) => u,
      // Messages cross into this realm as JSON, as they cross to a real webview.
      postMessage: async (m: unknown) => void messages.push(JSON.parse(JSON.stringify(m)) as Panel['messages'][number]),
      onDidReceiveMessage: received.event,
    },
    onDidDispose: disposed.event,
    onDidChangeViewState: () => ({ dispose() {} }),
  };
  return {
    panel,
    messages,
    async send(message) {
      received.fire(message);
      await new Promise((r) => setTimeout(r, 0));
    },
    dispose: () => disposed.fire(),
  };
}

/**
 * Runs a CommonJS bundle as the web worker extension host does: wrapped in a function that is
 * given `module`, `exports` and a `require` that knows only `vscode`. The context's globals are
 * a web worker's, not Node's.
 */
export function loadWebBundle(code: string, vscode: object): { activate(context: object): void; deactivate?(): void } {
  const sandbox = {
    console,
    TextEncoder,
    TextDecoder,
    crypto: globalThis.crypto,
    setTimeout,
    clearTimeout,
    setInterval,
    clearInterval,
    queueMicrotask,
    URL,
    URLSearchParams,
    atob,
    btoa,
    performance,
    structuredClone,
    // Web worker globals too: Inspect zips and .jsonl.gz are inflated by DecompressionStream.
    Blob,
    DecompressionStream,
    ReadableStream,
    TransformStream,
    WritableStream,
  };
  const context = createContext(sandbox);
  runInContext('globalThis.self = globalThis;', context);
  const wrapper = runInContext(`(function (module, exports, require) {\n${code}\n})`, context, { filename: 'dist/web/extension.js' }) as (
    module: { exports: object },
    exports: object,
    require: (id: string) => unknown,
  ) => void;
  const module = { exports: {} };
  wrapper(module, module.exports, (id) => {
    if (id === 'vscode') return vscode;
    throw new Error(`the browser bundle required "${id}"; only "vscode" exists in a web worker extension host`);
  });
  return module.exports as { activate(context: object): void };
}

export async function waitFor<T>(find: () => T | undefined, what: string, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
