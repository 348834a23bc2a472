/**
 * An environment variable, where the runtime has one and lets us read it: Node, Bun and Deno's
 * `process.env`, or `Deno.env`. Never throws: Deno without `--allow-env` refuses the read, and
 * browsers and workers have no environment.
 */
export function readEnvironment(name: string): string | undefined {
  const runtime = globalThis as {
    process?: { env?: Record<string, string | undefined> };
    Deno?: { env?: { get(name: string): string | undefined } };
  };
  try {
    const value = runtime.process?.env?.[name];
    if (typeof value === 'string') return value;
  } catch {
    // A permission prompt refused, or an env object that throws.
  }
  try {
    const value = runtime.Deno?.env?.get(name);
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}
