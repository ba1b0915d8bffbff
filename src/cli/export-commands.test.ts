import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { appendFileSync, writeFileSync } from 'node:fs';
import { generateKeyPairSync } from 'node:crypto';
import { join } from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import { Command } from 'commander';
import { exportArchive } from '../discovery/export/test-support/export-archive.js';
import { addExportCommands } from './export-commands.js';

/** A completed eml-zip export of the fixtures, the appliance key as a PEM file, and `custodian export verify …`. */
async function withExport(t: TestContext) {
  const archive = await exportArchive(t);
  const service = archive.service();
  const { id } = await service.request({ id: randomUUID(), format: 'eml-zip', selection: { caseId: null, query: 'received>2000-01-01', reviewTag: null }, requestedBy: 'olga', requestSource: 'cli:olga' });
  await service.handler({ id: `export:${id}`, name: 'export', payload: { exportId: id }, attempt: 1 });
  const keyFile = join(archive.dir, 'appliance.pub.pem');
  writeFileSync(keyFile, archive.signingKey.publicKeyPem);
  const out: string[] = [];
  t.mock.method(console, 'log', (line: string) => void out.push(line));
  t.mock.method(console, 'error', (line: string) => void out.push(line));
  t.after(() => {
    process.exitCode = 0;
  });
  const run = async (...args: string[]) => {
    out.length = 0;
    process.exitCode = 0;
    const program = new Command().exitOverride();
    addExportCommands(program);
    await program.parseAsync(['export', 'verify', ...args], { from: 'user' });
    return { out: [...out], exitCode: Number(process.exitCode ?? 0) };
  };
  return { archive, directory: join(archive.exportsDirectory, id), keyFile, run };
}

describe('custodian export verify', () => {
  it('reports an intact export with its signature verified, exit 0', async (t) => {
    const cli = await withExport(t);
    const result = await cli.run(cli.directory, '--public-key', cli.keyFile);
    assert.equal(result.exitCode, 0);
    assert.match(result.out.join('\n'), new RegExp(`^OK: export .* \\(eml-zip, ${cli.archive.ids.length} messages\\): ${cli.archive.ids.length} messages re-hashed, every file matches, signature verified$`));
  });

  it('names a changed file and a signature by another key, exit 1', async (t) => {
    const cli = await withExport(t);
    appendFileSync(join(cli.directory, 'manifest.json'), ' ');
    const otherKey = join(cli.archive.dir, 'other.pem');
    writeFileSync(otherKey, generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString());
    const result = await cli.run(cli.directory, '--public-key', otherKey);
    assert.equal(result.exitCode, 1);
    const text = result.out.join('\n');
    assert.match(text, /^file-changed\tmanifest\.json\t/m);
    assert.match(text, /^signature\tchain-of-custody\.json\t.*not by the given key/m);
    assert.match(text, /^signature\tchain-of-custody\.json\tthe signature does not verify/m);
  });

  it('says the signature was not checked without a key, and exits 2 for a directory that is not an export', async (t) => {
    const cli = await withExport(t);
    assert.match((await cli.run(cli.directory)).out.join('\n'), /signature NOT checked/);
    const notAnExport = await cli.run(cli.archive.dir, '--public-key', join(cli.archive.dir, 'missing.pem'));
    assert.equal(notAnExport.exitCode, 2);
  });
});
