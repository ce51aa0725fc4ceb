const crockford = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * A ULID: 48-bit time + 80 random bits, Crockford base32. Sorts by creation time, so
 * events from several annotators' logs merge in a meaningful order.
 */
export function newEventId(now = Date.now(), random: (bytes: Uint8Array) => Uint8Array = fillRandom): string {
  let time = '';
  let t = now;
  for (let i = 0; i < 10; i++) {
    time = crockford[t % 32] + time;
    t = Math.floor(t / 32);
  }
  const bytes = random(new Uint8Array(16));
  let rand = '';
  for (let i = 0; i < 16; i++) rand += crockford[bytes[i]! % 32];
  return time + rand;
}

function fillRandom(bytes: Uint8Array): Uint8Array {
  return globalThis.crypto.getRandomValues(bytes);
}
