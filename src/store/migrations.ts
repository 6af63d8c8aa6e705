/**
 * The schema of `state.db`, as an append-only list of migrations. `PRAGMA user_version` records how many
 * have run; each runs in its own transaction, so a crash mid-migration leaves the previous version intact.
 * Never edit a released migration: add the next one.
 */
import type Database from 'better-sqlite3';

export const MIGRATIONS: readonly string[] = [
  // 1: the first schema.
  `
  CREATE TABLE meta (
    key   TEXT NOT NULL PRIMARY KEY,
    value TEXT NOT NULL
  );

  -- Papers found on arXiv after the seed (and seed papers whose metadata arXiv refreshed).
  CREATE TABLE papers (
    arxiv_id       TEXT NOT NULL PRIMARY KEY,
    json           TEXT NOT NULL,             -- the full Paper, validated with the corpus schema
    origin         TEXT NOT NULL CHECK (origin IN ('arxiv', 'approved', 'seed')),
    first_seen     TEXT NOT NULL,
    latest_version INTEGER,
    updated_at     TEXT NOT NULL
  );

  -- One row per message to send. A paper is queued once per channel: UNIQUE (channel, kind, ref).
  CREATE TABLE outbox (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    kind        TEXT NOT NULL CHECK (kind IN ('paper', 'review', 'alert')),
    guild_id    TEXT,
    channel_id  TEXT NOT NULL,
    ref         TEXT NOT NULL,                -- arXiv id for paper/review, a unique key for an alert
    payload     TEXT,                         -- alert text
    status      TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
    nonce       TEXT,                         -- set when the row joins a message; reused by every retry
    message_id  TEXT,
    reason      TEXT,
    attempts    INTEGER NOT NULL DEFAULT 0,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    UNIQUE (channel_id, kind, ref)
  );
  CREATE INDEX outbox_pending ON outbox (status, channel_id, id);

  CREATE TABLE guild_settings (
    guild_id            TEXT NOT NULL PRIMARY KEY,
    announce_channel_id TEXT,
    admin_channel_id    TEXT,
    role_id             TEXT,
    updated_at          TEXT NOT NULL
  );

  -- A channel is baselined once a run has recorded what existed for it; only later papers are posted there.
  CREATE TABLE channel_baselines (
    channel_id   TEXT NOT NULL PRIMARY KEY,
    baselined_at TEXT NOT NULL
  );

  CREATE TABLE reviews (
    arxiv_id    TEXT NOT NULL PRIMARY KEY,
    json        TEXT NOT NULL,
    reasons     TEXT NOT NULL,                -- JSON array of strings
    status      TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected', 'seen')),
    decided_by  TEXT,
    decided_at  TEXT,
    created_at  TEXT NOT NULL
  );

  CREATE TABLE picks (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    guild_id  TEXT NOT NULL,
    arxiv_id  TEXT NOT NULL,
    picked_at TEXT NOT NULL,
    json      TEXT NOT NULL
  );
  CREATE INDEX picks_by_guild ON picks (guild_id, picked_at);

  CREATE TABLE runs (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    reason        TEXT NOT NULL,
    started_at    TEXT NOT NULL,
    finished_at   TEXT,
    outcome       TEXT NOT NULL DEFAULT 'running' CHECK (outcome IN ('running', 'ok', 'failed', 'interrupted')),
    counts        TEXT,                       -- JSON object: found, new, updated, reviews, queued, sent, failed
    error         TEXT
  );
  `,
  // 2: citation counts from Semantic Scholar, one row per paper, and the outcome of each fetch.
  `
  CREATE TABLE citations (
    arxiv_id       TEXT NOT NULL PRIMARY KEY,
    citation_count INTEGER,                   -- NULL: Semantic Scholar does not know the paper
    venue          TEXT,
    fetched_at     TEXT NOT NULL
  );

  CREATE TABLE citation_fetches (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    attempted_at TEXT NOT NULL,
    outcome     TEXT NOT NULL CHECK (outcome IN ('ok', 'failed')),
    papers      INTEGER NOT NULL DEFAULT 0,
    error       TEXT                          -- a message fit for a user; never a key
  );
  `,
  // 3: the field digest and the reading list. The outbox is rebuilt without a CHECK on `kind`, because every
  // feature that posts adds kinds; the TypeScript union `OutboxKind` is the list of valid kinds.
  `
  CREATE TABLE outbox_v3 (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    kind        TEXT NOT NULL,
    guild_id    TEXT,
    channel_id  TEXT NOT NULL,
    ref         TEXT NOT NULL,
    payload     TEXT,
    status      TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
    nonce       TEXT,
    message_id  TEXT,
    reason      TEXT,
    attempts    INTEGER NOT NULL DEFAULT 0,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    UNIQUE (channel_id, kind, ref)
  );
  INSERT INTO outbox_v3 SELECT id, kind, guild_id, channel_id, ref, payload, status, nonce, message_id, reason, attempts, created_at, updated_at FROM outbox;
  DROP TABLE outbox;
  ALTER TABLE outbox_v3 RENAME TO outbox;
  CREATE INDEX outbox_pending ON outbox (status, channel_id, id);

  -- New papers of the digest categories, as arXiv listed them; kept DIGEST_RETENTION_DAYS for scope:all.
  CREATE TABLE field_papers (
    arxiv_id      TEXT NOT NULL PRIMARY KEY,
    json          TEXT NOT NULL,              -- the full Paper, validated with the corpus schema
    listed_on     TEXT NOT NULL,              -- YYYY-MM-DD: the announcement day that listed it
    announce_type TEXT NOT NULL CHECK (announce_type IN ('new', 'cross')),
    first_seen    TEXT NOT NULL
  );
  CREATE INDEX field_papers_by_day ON field_papers (listed_on);

  -- A server's shared reading list: the paper's full metadata is copied, so it outlives the field retention.
  CREATE TABLE reading_list (
    guild_id   TEXT NOT NULL,
    arxiv_id   TEXT NOT NULL,
    json       TEXT NOT NULL,
    saved_by   TEXT NOT NULL,
    saved_at   TEXT NOT NULL,
    PRIMARY KEY (guild_id, arxiv_id)
  );

  -- One verdict per member and paper; the digest ranking reads them (saves raise similar papers, not-relevant lowers them).
  CREATE TABLE paper_feedback (
    guild_id   TEXT NOT NULL,
    arxiv_id   TEXT NOT NULL,
    user_id    TEXT NOT NULL,
    verdict    TEXT NOT NULL CHECK (verdict IN ('save', 'not-relevant')),
    json       TEXT NOT NULL,              -- the paper, so its terms can be read after it leaves field_papers
    at         TEXT NOT NULL,
    PRIMARY KEY (guild_id, arxiv_id, user_id)
  );
  `,
  // 4: the field digest's run log, the delivery progress of each digest (header, thread, cards), and its
  // per-server settings from `/paper-admin digest`.
  `
  CREATE TABLE digest_runs (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    reason      TEXT NOT NULL,
    started_at  TEXT NOT NULL,
    finished_at TEXT,
    outcome     TEXT NOT NULL DEFAULT 'running',  -- running, queued, empty, no-announcement, already-done, failed, interrupted
    listed_on   TEXT,                             -- the announcement day read
    via         TEXT,                             -- rss or api
    counts      TEXT,                             -- JSON: listed, candidates, picked, skipped, queued, sent, failed
    error       TEXT
  );

  -- One row per digest outbox row once its delivery started: what has reached Discord so far.
  CREATE TABLE digest_deliveries (
    outbox_id         INTEGER NOT NULL PRIMARY KEY,
    header_message_id TEXT,
    thread_id         TEXT,
    cards_sent        INTEGER NOT NULL DEFAULT 0
  );

  CREATE TABLE digest_settings (
    guild_id    TEXT NOT NULL PRIMARY KEY,
    channel_id  TEXT,
    categories  TEXT,                             -- comma-separated; NULL: the configured default
    size        INTEGER,
    enabled     INTEGER,                          -- 0/1; NULL: the configured default
    updated_at  TEXT NOT NULL
  );
  `,
  '-- 5: reserved',
  // 6: the reading group on Discord's own objects: native polls, scheduled sessions and who organises.
  `
  -- One row per poll the bot started; the poll message is Discord's, the candidates and the outcome are ours.
  CREATE TABLE group_polls (
    message_id  TEXT NOT NULL PRIMARY KEY,      -- the poll message
    guild_id    TEXT NOT NULL,
    channel_id  TEXT NOT NULL,
    cards_id    TEXT,                           -- the message with the candidates' cards, posted just before
    started_by  TEXT NOT NULL,
    started_at  TEXT NOT NULL,
    expires_at  TEXT NOT NULL,
    candidates  TEXT NOT NULL,                  -- JSON [{ answerId, arxivId, text }]
    status      TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'tie', 'decided', 'void')),
    tied        TEXT,                           -- JSON [arxivId] while status = 'tie'
    winner      TEXT,
    votes       INTEGER,
    decided_by  TEXT,                           -- 'votes', 'starter:<user id>' or 'random'
    decided_at  TEXT
  );
  CREATE INDEX group_polls_open ON group_polls (status, expires_at);

  -- One row per scheduled session (a Guild Scheduled Event the bot created).
  CREATE TABLE group_sessions (
    event_id     TEXT NOT NULL PRIMARY KEY,
    guild_id     TEXT NOT NULL,
    channel_id   TEXT NOT NULL,                 -- where the reminder goes: the channel /paper schedule ran in
    arxiv_id     TEXT NOT NULL,
    title        TEXT NOT NULL,
    presenter_id TEXT,
    created_by   TEXT NOT NULL,
    starts_at    TEXT NOT NULL,                 -- the first occurrence
    ends_at      TEXT NOT NULL,
    location     TEXT NOT NULL,                 -- the external place, or <#channel> for a voice or stage channel
    repeat_weeks INTEGER NOT NULL DEFAULT 0,    -- 0 once, 1 weekly, 2 fortnightly
    status       TEXT NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'cancelled', 'completed')),
    created_at   TEXT NOT NULL
  );
  CREATE INDEX group_sessions_by_guild ON group_sessions (guild_id, status, starts_at);

  CREATE TABLE group_settings (
    guild_id          TEXT NOT NULL PRIMARY KEY,
    organiser_role_id TEXT,
    updated_at        TEXT NOT NULL
  );
  `,
  // 7: field_papers gains `head`, the paper without its abstract (a generated column, kept in a covering index
  // with the id), so the field index can load 100,000 papers at start from the index's pages without reading
  // their abstracts (four fifths of the bytes; one is read when a card shows it). And a stamp that SQLite keeps
  // current: a random origin for this database and a count of every row written or deleted. The field index
  // snapshot records the stamp it was taken at, so a start can tell "the table is exactly as then" without
  // hashing every row.
  `
  -- NULL when json is not JSON at all: such a row is left out like any other bad row, never fails a write.
  ALTER TABLE field_papers ADD COLUMN head TEXT GENERATED ALWAYS AS (CASE WHEN json_valid(json) THEN json_remove(json, '$.abstract') END) VIRTUAL;
  CREATE INDEX field_papers_heads ON field_papers (arxiv_id, head);

  CREATE TABLE field_papers_stamp (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    origin  TEXT NOT NULL,                 -- random, once per database
    changes INTEGER NOT NULL
  );
  INSERT INTO field_papers_stamp (id, origin, changes) VALUES (1, lower(hex(randomblob(16))), 0);
  CREATE TRIGGER field_papers_stamp_insert AFTER INSERT ON field_papers
    BEGIN UPDATE field_papers_stamp SET changes = changes + 1 WHERE id = 1; END;
  CREATE TRIGGER field_papers_stamp_update AFTER UPDATE ON field_papers
    BEGIN UPDATE field_papers_stamp SET changes = changes + 1 WHERE id = 1; END;
  CREATE TRIGGER field_papers_stamp_delete AFTER DELETE ON field_papers
    BEGIN UPDATE field_papers_stamp SET changes = changes + 1 WHERE id = 1; END;
  `,
];

/**
 * Brings a database up to the latest schema.
 *
 * @returns the version before and after
 */
export function migrate(db: Database.Database): { from: number; to: number } {
  const from = db.pragma('user_version', { simple: true }) as number;
  if (from > MIGRATIONS.length) {
    throw new Error(`state database is at schema version ${from}, newer than this program knows (${MIGRATIONS.length}); upgrade the bot`);
  }
  for (let v = from; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v]!);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
  return { from, to: MIGRATIONS.length };
}
