/**
 * What code under test writes to stdout/stderr (Powertools' JSON log lines, EMF metrics), captured
 * while `run` runs, as non-empty lines. `run`'s result or error comes back with them.
 */
export async function capturedOutput<T>(run: () => T | Promise<T>): Promise<{ lines: string[]; result?: T; error?: unknown }> {
  const written: string[] = [];
  const capture = (chunk: unknown) => {
    written.push(String(chunk));
    return true;
  };
  const stdout = jest.spyOn(process.stdout, 'write').mockImplementation(capture);
  const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(capture);
  const lines = () => written.join('').split('\n').filter(Boolean);
  try {
    const result = await run();
    return { lines: lines(), result };
  } catch (error) {
    return { lines: lines(), error };
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
  }
}
