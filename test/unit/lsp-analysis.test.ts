// The server's analysis store: which analyses it keeps, and that a reader gets each analysis as
// soon as it is made (so many documents resolved at once never hold their analyses together), and
// the check the server runs while it waits for its client.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AnalysisStore } from '../../server/src/lsp/analysis';
import { WARM_UP_SAMPLE, warmUp } from '../../server/src/lsp/warmUp';
import { checkText } from '../../server/src/checks/check';
import type { DocumentSettings, SettingsCache } from '../../server/src/lsp/settings';
import { defaultOptions } from '../../server/src/options';

const TEXT = 'name = "a"\ntype = "hvm"\nmemory = 1024\nvcpus = 2\nnot_a_key = 1\n';

/** A store over documents opened through a stand-in connection, and settings answered when `answer()` is called. */
function storeWith(texts: Record<string, string>) {
  let answer!: () => void;
  const answered = new Promise<void>((r) => (answer = r));
  const settings = {
    get: async (): Promise<DocumentSettings> => {
      await answered;
      return { options: defaultOptions({ hostCpu: 'intel' }), validate: true };
    },
  } as unknown as SettingsCache;
  let made = 0;
  const store = new AnalysisStore(settings, () => made++);
  const handlers: Record<string, (e: unknown) => void> = {};
  const on = (name: string) => (h: (e: unknown) => void) => {
    handlers[name] = h;
    return { dispose() {} };
  };
  const connection = new Proxy({}, { get: (_, name: string) => on(name) });
  store.documents.listen(connection as never);
  for (const [uri, text] of Object.entries(texts))
    handlers.onDidOpenTextDocument({ textDocument: { uri, languageId: 'xlcfg', version: 1, text } });
  return { store, answer, made: () => made };
}

test('an analysis read only to publish diagnostics is not kept; one a request asked for is', async () => {
  const { store, answer, made } = storeWith({ 'file:///a.cfg': TEXT });
  answer();
  const published = await store.read('file:///a.cfg', false, (a) => a);
  assert.ok(published);
  assert.equal(made(), 1);
  // A request after the publish makes it again (and keeps it); a second request is served from the store.
  const asked = await store.get('file:///a.cfg');
  assert.equal(made(), 2);
  assert.notEqual(asked, published);
  assert.deepEqual(asked?.result.diagnostics, published.result.diagnostics);
  assert.equal(await store.get('file:///a.cfg'), asked);
  // Once a request asked, the next publish of the same version reads the kept analysis.
  assert.equal(await store.read('file:///a.cfg', false, (a) => a), asked);
  assert.equal(made(), 2);
});

test('each reader runs as soon as its analysis is made, before the next document is analysed', async () => {
  const uris = Array.from({ length: 20 }, (_, i) => `file:///d${i}.cfg`);
  const { store, answer, made } = storeWith(Object.fromEntries(uris.map((u) => [u, TEXT])));
  let read = 0;
  const seen: number[] = [];
  const all = uris.map((u) =>
    store.read(u, false, (a) => {
      assert.ok(a);
      read++;
      seen.push(made() - read);
    }),
  );
  // Every document's settings arrive at once, as a chunk of answers does.
  answer();
  await Promise.all(all);
  assert.equal(read, uris.length);
  // No analysis ever waited for its reader while another was made.
  assert.ok(
    seen.every((waiting) => waiting === 0),
    `analyses waiting for their reader: ${seen}`,
  );
});

test('documents the client never opened read as undefined', async () => {
  const { store, answer } = storeWith({});
  answer();
  assert.equal(await store.read('file:///nope.cfg', false, (a) => a), undefined);
  assert.equal(await store.get('file:///nope.cfg'), undefined);
});

test('the start-up warm-up goes through the stages a typical config does, and converts what it finds', () => {
  const codes = new Set<string>(
    checkText(WARM_UP_SAMPLE, defaultOptions({ hostCpu: 'intel' })).diagnostics.map((d) => d.code),
  );
  // The syntax, xl and libxl stages, spec languages, the unknown-key suggestion and the simulation.
  for (const id of ['key/unknown', 'value/boolean', 'spec/vnuma', 'relation/pod-passthrough', 'force-x2apic/ovmf'])
    assert.ok(codes.has(id), `${id} in ${[...codes]}`);
  assert.equal(warmUp(), checkText(WARM_UP_SAMPLE, defaultOptions({ hostCpu: 'intel' })).diagnostics.length);
});
