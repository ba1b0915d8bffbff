import { csvRecord } from './csv.js';
import type { ExportFile, ExportFormat } from './export-store.js';
import { MANIFEST_CSV_COLUMNS, manifestCsvCells, type ManifestEntry } from './manifest-entry.js';
import { PartialFile } from './partial-file.js';

export const MANIFEST_CSV = 'manifest.csv';
export const MANIFEST_JSON = 'manifest.json';

/**
 * `manifest.csv` and `manifest.json`, written a line at a time as messages are exported. The JSON
 * is one object whose `messages` array is written entry by entry (one entry per line), so
 * neither manifest is ever held whole in memory.
 */
export class ManifestWriters {
  private first = true;

  private constructor(
    private readonly csv: PartialFile,
    private readonly json: PartialFile,
  ) {}

  static async create(directory: string, header: { exportId: string; format: ExportFormat }): Promise<ManifestWriters> {
    const csv = await PartialFile.create(directory, MANIFEST_CSV);
    const json = await PartialFile.create(directory, MANIFEST_JSON);
    await csv.write(csvRecord(MANIFEST_CSV_COLUMNS));
    await json.write(`{"type":"custodian-export-manifest/1","exportId":${JSON.stringify(header.exportId)},"format":${JSON.stringify(header.format)},"messages":[`);
    return new ManifestWriters(csv, json);
  }

  async add(entry: ManifestEntry): Promise<void> {
    await this.csv.write(csvRecord(manifestCsvCells(entry)));
    await this.json.write(`${this.first ? '' : ','}\n${JSON.stringify(entry)}`);
    this.first = false;
  }

  /** Ends and commits both files. */
  async commit(): Promise<{ csv: ExportFile; json: ExportFile }> {
    await this.json.write('\n]}\n');
    return { csv: await this.csv.commit(), json: await this.json.commit() };
  }

  async abandon(): Promise<void> {
    await Promise.all([this.csv.abandon(), this.json.abandon()]);
  }
}
