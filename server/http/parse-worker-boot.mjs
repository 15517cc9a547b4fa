// A parse worker (server/http/parse-worker.ts): runs one exported function of a server module at a
// time, off the request thread. Plain JavaScript so that it starts in any Node process; tsx is
// registered here so that it can import the TypeScript modules the server is written in.
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const modules = new Map();

parentPort.on('message', async ({ id, module, name, args }) => {
  try {
    let mod = modules.get(module);
    if (!mod) {
      mod = await import(module);
      modules.set(module, mod);
    }
    if (typeof mod[name] !== 'function') throw new Error(`${module} has no function ${name}`);
    const value = await mod[name](...args);
    parentPort.postMessage({ id, ok: true, value });
  } catch (e) {
    const err = e ?? {};
    parentPort.postMessage({
      id,
      ok: false,
      error: {
        http: typeof err.status === 'number' && typeof err.code === 'string',
        status: err.status,
        code: err.code,
        message: String(err.message ?? err),
        details: safeClone(err.details),
        stack: typeof err.stack === 'string' ? err.stack : undefined,
      },
    });
  }
});

function safeClone(v) {
  try {
    return structuredClone(v);
  } catch {
    return undefined;
  }
}
