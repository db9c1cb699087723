/**
 * One JSON call to a provider's REST API (Mercado Pago, Melhor Envio): a network failure or a
 * timeout throws a plain Error (retryable: the callers send idempotency keys or look the result up),
 * a non-2xx answer throws the provider's own `httpError` with the parsed body (or null), and a 2xx
 * without a JSON object is an error too.
 */
export async function providerJsonCall<T>(
  call: { provider: string; what: string; url: string; init: RequestInit; timeoutMs: number; fetch: typeof fetch },
  httpError: (status: number, body: unknown) => Error,
): Promise<T> {
  let response: Response;
  try {
    response = await call.fetch(call.url, { ...call.init, signal: AbortSignal.timeout(call.timeoutMs) });
  } catch (error) {
    throw new Error(`${call.provider} ${call.what} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  const text = await response.text();
  let json: unknown = null;
  try {
    json = text === '' ? null : JSON.parse(text);
  } catch {
    json = null;
  }
  if (!response.ok) throw httpError(response.status, json);
  if (json === null || typeof json !== 'object') throw new Error(`${call.provider} ${call.what} answered HTTP ${response.status} without a JSON body`);
  return json as T;
}
