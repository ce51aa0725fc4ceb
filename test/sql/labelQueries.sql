-- Label logs are plain JSONL: a team's label folders queried with DuckDB, no export step.
-- $LOGS is a glob of logs, e.g. 'team/*.labels/*.jsonl'. Events are ordered by `"at"` (a keyword: quoted), then by
-- their position in the file, as the editor folds them; a `remove` retracts the add it targets.
CREATE OR REPLACE MACRO label_events(logs) AS TABLE
  SELECT *, row_number() OVER () AS n FROM read_json(logs, format = 'newline_delimited', union_by_name = true, filename = true);

-- Each annotator's current overall preference per item: the latest add that was not removed.
CREATE OR REPLACE MACRO preferences(logs) AS TABLE
  WITH ev AS (FROM label_events(logs)),
  removed AS (SELECT target FROM ev WHERE op = 'remove')
  SELECT parse_dirpath(filename) AS folder, annotator, item, arg_max(value, ("at", n)) AS preference
  FROM ev
  WHERE op = 'add' AND kind = 'preference' AND trait IS NULL AND id NOT IN (SELECT target FROM removed)
  GROUP BY ALL;
