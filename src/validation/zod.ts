/**
 * The one schema library of the code base: zod's tree-shakable `zod/mini` API, with zod's English messages.
 * Import it as `import * as z from '../validation/zod.js'`, never `'zod'` itself (an architecture test checks).
 *
 * Why mini: every `paperbot` call validates its configuration, and classic `zod` made that the largest cost of a
 * start. Its bundle is ~300 KB that Node compiles every time, and each classic schema builds dozens of
 * closures. The mini API builds plain schema objects, and esbuild keeps only the checks the code uses. Both
 * APIs share zod's core, so issues, messages and error classes are the same.
 */
import en from 'zod/v4/locales/en.js';
import { config } from 'zod/mini';
import { $ZodError } from 'zod/v4/core';

// zod/mini registers no locale (its messages would all be "Invalid input"); classic zod did this by itself.
config(en());

export * from 'zod/mini';

/**
 * True for the errors a schema's `parse` throws. A named import, because `z.core` is a namespace object that
 * would keep all of zod's core in the bundle.
 */
export function isZodError(err: unknown): err is $ZodError {
  return err instanceof $ZodError;
}
