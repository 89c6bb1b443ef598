package dev.circuit.sample.pipeline;

import dev.circuit.spring.annotation.CircuitProtected;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

import java.sql.Timestamp;
import java.time.Instant;

/** Loaded records, in the database behind the {@code database} breaker. */
@Repository
public class IngestedRecords {

    private final JdbcTemplate jdbc;

    IngestedRecords(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Loads a good batch, all or nothing.
     *
     * @param batch the batch
     */
    @CircuitProtected("database")
    @Transactional
    public void load(Batch batch) {
        Timestamp now = Timestamp.from(Instant.now());
        for (Batch.SourceRecord record : batch.records()) {
            jdbc.update("INSERT INTO ingested_records (record_id, record_value, loaded_at) VALUES (?, ?, ?)",
                record.id(), record.value(), now);
        }
    }

    /** @return how many records are loaded */
    @CircuitProtected("database")
    public long count() {
        Long count = jdbc.queryForObject("SELECT COUNT(*) FROM ingested_records", Long.class);
        return count == null ? 0 : count;
    }
}
