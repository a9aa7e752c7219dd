/** The HTTP client of the web apps (workspace, designer): bearer token, language, and errors in the one error shape. */

/** One problem of an error answer (a 422 lists them, each at a JSON Pointer). */
export interface Problem {
  path: string;
  code: string;
  message: string;
  params?: Record<string, unknown>;
}

/** A refused request: its HTTP status, the error code, the localised message and the problems. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly problems: Problem[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

const TOKEN_KEY = 'formwork.token';
// (No localStorage outside a browser: the kit's forms are also rendered in tests on Node.)
let token: string | null = typeof localStorage === 'undefined' ? null : localStorage.getItem(TOKEN_KEY);
let language = 'zh-CN';
let onExpired: () => void = () => undefined;

/** The session token (kept in localStorage) and the language requests are made in. */
export const session = {
  get token() {
    return token;
  },
  set(value: string | null) {
    token = value;
    if (value) localStorage.setItem(TOKEN_KEY, value);
    else localStorage.removeItem(TOKEN_KEY);
  },
  setLanguage(locale: string) {
    language = locale;
  },
  /** Called once when a request finds the session gone (expired, signed out elsewhere, disabled). */
  onExpired(handler: () => void) {
    onExpired = handler;
  },
};

function headers(extra: Record<string, string> = {}): Record<string, string> {
  return { 'accept-language': language, ...(token ? { authorization: `Bearer ${token}` } : {}), ...extra };
}

async function failure(response: Response, path: string): Promise<ApiError> {
  let body: { code?: string; message?: string; errors?: Problem[] } = {};
  try {
    body = (await response.json()) as typeof body;
  } catch {
    /* not JSON: a proxy or a crash; shown as a generic message */
  }
  if (response.status === 401 && token && !path.startsWith('/api/auth/login')) {
    session.set(null);
    onExpired();
  }
  return new ApiError(response.status, body.code ?? 'FW_HTTP', body.message ?? `HTTP ${response.status}`, body.errors ?? []);
}

/** A JSON request; resolves to the parsed answer (undefined for 204). */
export async function api<T>(method: string, path: string, body?: unknown, extraHeaders: Record<string, string> = {}): Promise<T> {
  const response = await fetch(path, {
    method,
    headers: headers({ ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...extraHeaders }),
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  if (!response.ok) throw await failure(response, path);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

/** A GET request (see {@link api}). */
export const get = <T>(path: string) => api<T>('GET', path);

/** Uploads one file as multipart/form-data. */
export async function upload<T>(path: string, file: File): Promise<T> {
  const form = new FormData();
  form.append('file', file, file.name);
  const response = await fetch(path, { method: 'POST', headers: headers(), body: form });
  if (!response.ok) throw await failure(response, path);
  return (await response.json()) as T;
}

/**
 * Downloads a file behind the bearer token and hands it to the browser to save. A server that
 * answers 202 instead (an export too large to stream: it became a job) hands its answer to
 * `onAccepted` and nothing is saved.
 */
export async function download(path: string, fallbackName: string, onAccepted?: (answer: unknown) => void): Promise<void> {
  const response = await fetch(path, { headers: headers() });
  if (!response.ok) throw await failure(response, path);
  if (response.status === 202 && onAccepted) return onAccepted(await response.json());
  save(await response.blob(), fileNameOf(response.headers.get('content-disposition'), fallbackName));
}

/**
 * The file name a Content-Disposition header gives (RFC 6266: `filename*=UTF-8''…` first, then
 * `filename="…"`), or the fallback when it gives none (or only a placeholder: file, dataset).
 */
export function fileNameOf(disposition: string | null | undefined, fallbackName: string): string {
  const header = disposition ?? '';
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(header)?.[1];
  if (encoded) {
    try {
      const name = decodeURIComponent(encoded.trim());
      if (name) return name.replace(/[\\/]/g, '_');
    } catch {
      /* a malformed escape: the plain name or the fallback */
    }
  }
  const plain = /filename="([^"]+)"/i.exec(header)?.[1] ?? /filename=([^;"\s]+)/i.exec(header)?.[1];
  return plain && plain !== 'file' && plain !== 'dataset' ? plain.replace(/[\\/]/g, '_') : fallbackName;
}

/** Hands a blob to the browser to save under a name. */
export function save(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A query string from the defined values. */
export function query(params: Record<string, string | number | boolean | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** Posts a body (a CSV text, or a file's bytes) with its content type; resolves to the parsed answer. */
export async function postText<T>(path: string, text: string | Blob, contentType: string): Promise<T> {
  const response = await fetch(path, { method: 'POST', headers: headers({ 'content-type': contentType }), body: text });
  if (!response.ok) throw await failure(response, path);
  return (await response.json()) as T;
}

/**
 * A request answered with JSON lines (application/x-ndjson): yields each line's value as it
 * arrives, so a long answer can show its progress. A refusal before the stream is an ApiError.
 */
export async function* streamLines<T>(method: string, path: string, body?: unknown): AsyncGenerator<T> {
  const response = await fetch(path, {
    method,
    headers: headers({ accept: 'application/x-ndjson', ...(body !== undefined ? { 'content-type': 'application/json' } : {}) }),
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  if (!response.ok) throw await failure(response, path);
  if (!response.body) return;
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (value) buffer += value;
    let end = buffer.indexOf('\n');
    while (end >= 0) {
      const line = buffer.slice(0, end).trim();
      buffer = buffer.slice(end + 1);
      if (line) yield JSON.parse(line) as T;
      end = buffer.indexOf('\n');
    }
    if (done) break;
  }
  if (buffer.trim()) yield JSON.parse(buffer) as T;
}
