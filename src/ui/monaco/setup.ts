/**
 * Monaco + monaco-yaml bootstrap, fully local: no CDN and no network at runtime.
 *
 * - monaco-editor is imported from node_modules (slim ESM entry: editor features + the YAML grammar only) and
 *   handed to @monaco-editor/react through `loader.config({ monaco })`, so its jsDelivr default is never used.
 * - Workers are bundled by Vite (`?worker`) and returned from `self.MonacoEnvironment.getWorker`.
 * - monaco-yaml 5.5.1 (through monaco-worker-manager 2.0.x) still calls the pre-0.55
 *   `createWebWorker({ moduleId, label, createData })`; monaco-editor >= 0.55 needs `{ worker }`. Without the
 *   shim below the YAML worker never starts and no schema markers appear. Upstream: remcohaszing/monaco-yaml#272.
 *   Remove the shim when monaco-yaml > 5.5.1 fixes it.
 */
import * as monaco from 'monaco-editor/editor';
import 'monaco-editor/features/register.all';
import 'monaco-editor/languages/definitions/yaml/register';
import { loader } from '@monaco-editor/react';
import { configureMonacoYaml, type MonacoYaml } from 'monaco-yaml';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import YamlWorker from './yaml.worker.ts?worker';
import { networkPolicySchema } from './networkPolicySchema.ts';

export const DOCUMENT_MODEL_URI = 'file:///policies.yaml';

self.MonacoEnvironment = {
  getWorker(_moduleId: string, label: string): Worker {
    return label === 'yaml' ? new YamlWorker() : new EditorWorker();
  },
};

type InternalWorkerOptions = monaco.editor.IInternalWebWorkerOptions;
interface LegacyWorkerOptions {
  moduleId?: string;
  label?: string;
  createData?: unknown;
  host?: InternalWorkerOptions['host'];
  keepIdleModels?: boolean;
}
const originalCreateWebWorker = monaco.editor.createWebWorker;
function createWebWorkerAcceptingLegacyOptions(options: LegacyWorkerOptions | InternalWorkerOptions) {
  if ('worker' in options && options.worker) return originalCreateWebWorker(options);
  const legacy = options as LegacyWorkerOptions;
  const worker = Promise.resolve(
    self.MonacoEnvironment!.getWorker!(legacy.moduleId ?? 'workerMain.js', legacy.label ?? 'monaco-editor-worker'),
  ).then((started) => {
    // The handshake monaco's own language workers use (internal/common/workers.js): the first message starts
    // editor.worker's initialize(), the second carries createData.
    started.postMessage('ignore');
    started.postMessage(legacy.createData);
    return started;
  });
  return originalCreateWebWorker({ worker, host: legacy.host, keepIdleModels: legacy.keepIdleModels });
}
(monaco.editor as { createWebWorker: unknown }).createWebWorker = createWebWorkerAcceptingLegacyOptions;

// @monaco-editor/loader's types point at a path monaco 0.56+'s exports map no longer resolves, hence the cast.
loader.config({ monaco: monaco as unknown as Parameters<typeof loader.config>[0]['monaco'] });

export const monacoYaml: MonacoYaml = configureMonacoYaml(monaco, {
  enableSchemaRequest: false,
  validate: true,
  hover: true,
  completion: true,
  format: { enable: false },
  schemas: [
    {
      // Only an identifier: with enableSchemaRequest=false it is never fetched.
      uri: 'inmemory://schemas/networkpolicy.json',
      fileMatch: [DOCUMENT_MODEL_URI],
      schema: networkPolicySchema,
    },
  ],
});

/**
 * YAML colours and nothing else, for a cluster-sized document (YamlEditor switches the model to it): the YAML
 * language service answers its requests (code actions, symbols, completions) by parsing the whole document in its
 * worker, most of a core on every keystroke of a 1,000-policy document, beside the graph's own derive worker.
 * The designer's checks do not depend on it: they come from the core.
 */
export const LARGE_YAML_LANGUAGE = 'yaml-large';
monaco.languages.register({ id: LARGE_YAML_LANGUAGE, aliases: ['YAML'] });
monaco.languages.onLanguage(LARGE_YAML_LANGUAGE, () => {
  void import('monaco-editor/languages/definitions/yaml/yaml').then(({ conf, language }) => {
    monaco.languages.setLanguageConfiguration(LARGE_YAML_LANGUAGE, conf);
    monaco.languages.setMonarchTokensProvider(LARGE_YAML_LANGUAGE, language);
  });
});

export { monaco };
