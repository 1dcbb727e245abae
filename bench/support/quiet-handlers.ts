/**
 * Imported first by every benchmark: the handlers build their Powertools logger when their
 * module loads, and a JSON line per processed record would bury the figures (and cost CPU the
 * measurement should not pay). Warnings and errors still print, as in the tests.
 */
process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
