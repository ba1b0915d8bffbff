import Database from 'better-sqlite3';
import { MIGRATIONS } from './migrations.js';

export type Db = Database.Database;

/**
 * Opens (creating if needed) the embedded profile's SQLite database and brings its schema up to
 * date. WAL lets readers run beside the single writer; `synchronous = FULL` makes every commit
 * durable (the WAL is fsync'd at commit), which the SMTP `250` promise depends on.
 */
export function openDatabase(file: string): Db {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  // Searches touch many index pages; the 2 MiB default cache turns each into a read syscall.
  // Memory-mapped reads share the OS page cache instead (no copy, not counted on the JS heap).
  db.pragma('cache_size = -65536');
  db.pragma('mmap_size = 1073741824');
  migrate(db);
  return db;
}

function migrate(db: Db): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  for (let version = current; version < MIGRATIONS.length; version++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[version] as string);
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
}
