#!/usr/bin/env node
// Launcher for a global install (`npm install -g .`): runs the TypeScript CLI through tsx, from any folder.
// With DATA_DIR unset, the package's own data/ is used, so `paperbot search …` works wherever it is typed.
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { register } from 'tsx/esm/api';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
if (!process.env.DATA_DIR) process.env.DATA_DIR = path.join(root, 'data');

register({ tsconfig: path.join(root, 'tsconfig.json') });
await import(pathToFileURL(path.join(root, 'src', 'cli', 'main.ts')).href);
