import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import pino from 'pino';
import { connectSearchEngine } from '../../src/search-engine/connect-search-engine.js';
import { SearchEngineRequestError, type EngineKind } from '../../src/search-engine/search-engine.js';
import { requireSearchEngine, startSearchEngineProxy, TEST_OPENSEARCH_URL, uniqueIndexPrefix } from '../support/search-engine.js';
import { tempDir } from '../support/temp-dir.js';
import { makeTestCertificate } from '../support/test-certificate.js';


const API_KEY = 'Y3VzdG9kaWFuOnRlc3Qta2V5LXNlY3JldA==';
const dir = tempDir('search-tls');
const haveCertificate = makeTestCertificate(dir.path);
const engineAvailable = await requireSearchEngine();
const skip = engineAvailable.skip || (haveCertificate ? false : 'openssl not installed; TLS tests skipped');
const silent = pino({ level: 'silent' });

for (const client of ['opensearch', 'elasticsearch'] as const satisfies readonly EngineKind[]) {
  describe(`the ${client} client over TLS with an API key`, { skip }, () => {
    let proxy: Awaited<ReturnType<typeof startSearchEngineProxy>>;
    const caFile = join(dir.path, 'cert.pem');
    const apiKeyFile = join(dir.path, 'api-key');
    const indexPrefix = uniqueIndexPrefix(`tls-${client}`);
    const settings = () => ({ nodes: [proxy.url], client, indexPrefix, requestTimeoutMs: 10_000 });
    before(async () => {
      writeFileSync(apiKeyFile, `${API_KEY}\n`);
      proxy = await startSearchEngineProxy(TEST_OPENSEARCH_URL, {
        elasticsearchCompatible: client === 'elasticsearch',
        tls: { key: readFileSync(join(dir.path, 'key.pem')), cert: readFileSync(caFile) },
        requireAuthorization: `ApiKey ${API_KEY}`,
      });
    });
    after(async () => {
      await proxy.close();
      if (client === 'elasticsearch') dir.remove();
    });

    it('trusts the node through the configured CA file and authenticates with the key from its file', async () => {
      const engine = await connectSearchEngine({ ...settings(), caFile, apiKeyFile }, { logger: silent });
      try {
        assert.equal(engine.info.kind, 'opensearch');
        await engine.ensureIndex({ alias: `${indexPrefix}-probe`, version: 1, settings: { number_of_shards: 1, number_of_replicas: 0 }, mappings: { properties: { n: { type: 'integer' } } } });
        await engine.put(`${indexPrefix}-probe`, 'one', { n: 1 });
        assert.deepEqual((await engine.get(`${indexPrefix}-probe`, 'one'))?.source, { n: 1 });
      } finally {
        await engine.deleteIndices(indexPrefix);
        await engine.close();
      }
    });

    it('refuses a node whose certificate the system CAs do not sign, as a setting to fix rather than an outage to wait out', async () => {
      await assert.rejects(
        connectSearchEngine({ ...settings(), apiKeyFile }, { logger: silent }),
        (error: unknown) => error instanceof SearchEngineRequestError && error.type === 'tls_certificate' && /cluster\.search\.caFile/.test(error.message),
      );
    });

    it('stops at once on refused credentials instead of waiting for the engine', async () => {
      const wrongKey = join(dir.path, `wrong-key-${client}`);
      writeFileSync(wrongKey, 'd3Jvbmc6a2V5');
      await assert.rejects(connectSearchEngine({ ...settings(), caFile, apiKeyFile: wrongKey }, { logger: silent }), SearchEngineRequestError);
    });
  });
}
