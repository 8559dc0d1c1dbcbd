// Local re-export so Vite bundles monaco-yaml's worker as its own worker chunk
// (monaco-yaml README, "Why doesn't it work with Vite?").
import 'monaco-yaml/yaml.worker.js';
