import Database from 'better-sqlite3';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const LOCK_FILE = 'powerup.lock';
const PID_FILE = 'powerup.pid';

export class DataDirInUse extends Error {}

/**
 * One server per DATA_DIR. The lock is an SQLite file held in EXCLUSIVE locking mode: the operating
 * system releases it when the process ends, however it ends (SIGKILL, power cut), so a stale lock
 * cannot exist and no pid has to be trusted. The pid file beside it only makes the refusal readable.
 */
export class DataDirLock {
  private db: Database.Database;

  constructor(readonly dataDir: string) {
    this.db = new Database(path.join(dataDir, LOCK_FILE), { timeout: 0 });
    try {
      this.db.pragma('locking_mode = EXCLUSIVE');
      // The first write takes the exclusive lock; in EXCLUSIVE mode it is never given back until close.
      this.db.exec('BEGIN EXCLUSIVE; CREATE TABLE IF NOT EXISTS holder (pid INTEGER); COMMIT;');
    } catch (err) {
      this.db.close();
      if ((err as { code?: string }).code === 'SQLITE_BUSY') {
        const pid = readPid(dataDir);
        throw new DataDirInUse(
          `DATA_DIR ${dataDir} is already used by another Power Up server${pid ? ` (pid ${pid})` : ''}. ` +
            'Stop that one first, or give this one another DATA_DIR.',
        );
      }
      throw err;
    }
    try {
      writeFileSync(path.join(dataDir, PID_FILE), `${process.pid}\n`);
    } catch {
      // Only for the message above (a full disk must not stop the start).
    }
  }

  release(): void {
    if (this.db.open) this.db.close();
  }
}

function readPid(dataDir: string): number | undefined {
  try {
    const n = Number(readFileSync(path.join(dataDir, PID_FILE), 'utf8').trim());
    return Number.isInteger(n) && n > 0 ? n : undefined;
  } catch {
    return undefined;
  }
}
