-- Rooms and their submissions. Portable SQL: SQLite and PostgreSQL run it as it is.
-- Times are seconds since the epoch (UTC); a room's token is stored as its SHA-256 only.
CREATE TABLE rooms (
    code TEXT PRIMARY KEY,
    token_hash TEXT NOT NULL,
    scenario TEXT NOT NULL,
    phase TEXT NOT NULL DEFAULT 'open',
    cap INTEGER NOT NULL,
    created_at DOUBLE PRECISION NOT NULL,
    expires_at DOUBLE PRECISION NOT NULL
);
CREATE INDEX rooms_expires_at ON rooms (expires_at);
CREATE TABLE submissions (
    room_code TEXT NOT NULL REFERENCES rooms (code) ON DELETE CASCADE,
    participant TEXT NOT NULL,
    name TEXT NOT NULL DEFAULT '',
    churn DOUBLE PRECISION,
    cac_multiplier DOUBLE PRECISION,
    newcomer_churn DOUBLE PRECISION,
    retention_share DOUBLE PRECISION NOT NULL,
    revision INTEGER NOT NULL DEFAULT 1,
    submitted_at DOUBLE PRECISION NOT NULL,
    window_start DOUBLE PRECISION NOT NULL,
    window_count INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (room_code, participant)
);
