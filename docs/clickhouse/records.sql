-- SMTP Log Analyzer records (schema version 2, docs/schema/records.schema.json) in ClickHouse:
-- one table for the four record types (`smtp.record`), one column per JSON key, named exactly as the key,
-- so `smtp-log export --format ndjson` loads without a transform:
--
--   clickhouse-client --multiquery < docs/clickhouse/records.sql
--   smtp-log export --format ndjson /var/log/mail.log* | clickhouse-client \
--     --date_time_input_format=best_effort --input_format_skip_unknown_fields=1 \
--     --query 'INSERT INTO records FORMAT JSONEachRow'
--
-- * ReplacingMergeTree ordered by `event.id` (a hash of the record type, the file's name without folder
--   and rotation suffix, the line's byte offset and its text): loading the same file twice leaves one row per record once parts merge; read with FINAL (or
--   run OPTIMIZE TABLE records FINAL) for exact counts before that. No partition key on purpose:
--   duplicates are only replaced inside a partition, and the inferred year of syslog lines (hence any
--   time-based partition) can differ between two loads of the same file.
-- * Timestamps: DateTime, parsed with date_time_input_format=best_effort (ISO 8601 with or without
--   fraction and offset). Values without an offset are local times of the log: they are read in the
--   server's time zone (set <timezone> in config.xml, e.g. UTC, to read them as UTC). NULL when the line
--   has no time. DateTime keeps whole seconds.
-- * Keys a record type does not have are NULL (Nullable columns) or [] (arrays); booleans are UInt8.
-- * Arrays: ClickHouse treats Array columns named `prefix.name` that share a prefix as one Nested
--   structure whose arrays must have equal lengths in every row. The schema is shaped for it: the only
--   arrays under `smtp.` are the parallel `smtp.attempt.*` (one entry per delivery attempt, the next
--   hop's id included), and `smtp.who_acts` is a comma-separated string.
CREATE TABLE IF NOT EXISTS records
(
    -- every record
    `@timestamp`                 Nullable(DateTime),
    `event.id`                   String,
    `event.dataset`              String,
    `event.outcome`              String,
    `smtp.record`                Enum8('reply' = 1, 'session' = 2, 'message' = 3, 'bounce' = 4),
    `smtp.schema`                UInt16,
    `smtp.format`                String,
    `smtp.year_inferred`         Nullable(UInt8),
    `log.file.path`              String,
    `log.file.line`              UInt64,
    `log.offset`                 UInt64,
    `host.name`                  Nullable(String),
    -- reply (and what session, message and bounce share with it)
    `smtp.code`                  Nullable(UInt16),
    `smtp.code_written`          Nullable(UInt8),
    `smtp.enhanced_code`         Nullable(String),
    `smtp.reply_text`            Nullable(String),
    `smtp.command`               Nullable(String),
    `smtp.verb`                  Nullable(String),
    `smtp.explanation_id`        Nullable(String),
    `smtp.explanation`           Nullable(String),
    `smtp.class`                 Nullable(String),
    `smtp.who_acts`              Nullable(String),
    `bounce.reason`              Nullable(String),
    `bounce.severity`            Nullable(String),
    `bounce.ses_type`            Nullable(String),
    `bounce.ses_subtype`         Nullable(String),
    `bounce.sendgrid`            Nullable(String),
    `bounce.postmark`            Nullable(String),
    `bounce.kumomta`             Nullable(String),
    `smtp.session_id`            Nullable(String),
    `smtp.queue_id`              Nullable(String),
    `source.address`             Nullable(String),
    `source.ip`                  Nullable(String),
    `source.domain`              Nullable(String),
    `email.from.address`         Nullable(String),
    `email.to.address`           Array(String),
    -- session
    `network.direction`          Nullable(String),
    `smtp.helo`                  Nullable(String),
    `smtp.tls`                   Nullable(UInt8),
    `smtp.tls_version`           Nullable(String),
    `smtp.tls_cipher`            Nullable(String),
    `smtp.auth`                  Nullable(String),
    `smtp.auth_user`             Nullable(String),
    `smtp.spf`                   Nullable(String),
    `smtp.dkim`                  Nullable(String),
    `smtp.dmarc`                 Nullable(String),
    `event.start`                Nullable(DateTime),
    `event.end`                  Nullable(DateTime),
    `event.duration`             Nullable(Int64),
    `smtp.outcome`               Nullable(String),
    `smtp.complete`              Nullable(UInt8),
    `smtp.lines`                 Nullable(UInt64),
    `smtp.messages_delivered`    Nullable(UInt64),
    `smtp.recipients_refused`    Nullable(UInt64),
    -- message: one array entry per delivery attempt
    `email.message_id`           Nullable(String),
    `smtp.client`                Nullable(String),
    `smtp.attempt.time`          Array(Nullable(DateTime)),
    `smtp.attempt.to`            Array(String),
    `smtp.attempt.relay`         Array(String),
    `smtp.attempt.status`        Array(String),
    `smtp.attempt.code`          Array(UInt16),
    `smtp.attempt.enhanced_code` Array(String),
    `smtp.attempt.delay`         Array(Nullable(Float64)),
    `smtp.attempt.reply_text`    Array(String),
    `smtp.attempt.next_hop_id`   Array(String),
    -- bounce
    `bounce.action`              Nullable(String),
    `smtp.remote_mta`            Nullable(String),
    `email.subject`              Nullable(String)
)
ENGINE = ReplacingMergeTree
ORDER BY `event.id`;
