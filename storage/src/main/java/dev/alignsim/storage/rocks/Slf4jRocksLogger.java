package dev.alignsim.storage.rocks;

import org.rocksdb.InfoLogLevel;
import org.rocksdb.Logger;
import org.slf4j.LoggerFactory;

/**
 * RocksDB's info log, sent to SLF4J instead of a LOG file in the store: opening a store to read it (inspect,
 * export, a refused resume) must write nothing there.
 */
final class Slf4jRocksLogger extends Logger {
    private static final org.slf4j.Logger LOG = LoggerFactory.getLogger("org.rocksdb");

    Slf4jRocksLogger() {
        // RocksDB's warnings are about its own tuning (prefetch sizes, SST ids); errors are what users need.
        super(InfoLogLevel.ERROR_LEVEL);
    }

    @Override
    protected void log(InfoLogLevel level, String message) {
        switch (level) {
            case FATAL_LEVEL, ERROR_LEVEL -> LOG.error(message);
            default -> LOG.debug(message);
        }
    }
}
