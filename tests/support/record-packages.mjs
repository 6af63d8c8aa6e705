// Preloaded with `node --import` by tests: records every package the process require()s (the paperbot bundle
// loads all of its packages that way) and writes the sorted list to $RECORD_PACKAGES_FILE at exit.
import { writeFileSync } from 'node:fs';
import Module from 'node:module';

const seen = new Set();
const load = Module._load;
Module._load = function (request, ...rest) {
  const bare = typeof request === 'string' && !/^(\.|\/|node:|file:)/.test(request) && !Module.builtinModules.includes(request);
  if (bare) {
    const parts = request.split('/');
    seen.add(request.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]);
  }
  return load.call(this, request, ...rest);
};
process.on('exit', () => writeFileSync(process.env.RECORD_PACKAGES_FILE, JSON.stringify([...seen].sort())));
