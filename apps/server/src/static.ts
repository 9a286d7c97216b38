import { createReadStream, existsSync, statSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import path from "node:path";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".json": "application/json",
  ".woff2": "font/woff2",
};

/**
 * Serves a built single-page app under `prefix`; unknown paths get index.html so client-side
 * routes survive a reload. Returns false when the app has not been built.
 */
export function staticApp(prefix: string, dir: string) {
  const root = path.resolve(dir);
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    if (!existsSync(path.join(root, "index.html"))) return false;
    const url = new URL(req.url ?? "/", "http://local");
    if (!url.pathname.startsWith(prefix)) return false;
    const rel = decodeURIComponent(url.pathname.slice(prefix.length));
    let file = path.resolve(root, `.${path.posix.normalize(`/${rel}`)}`);
    if (!file.startsWith(root) || !existsSync(file) || !statSync(file).isFile()) {
      file = path.join(root, "index.html");
    }
    const ext = path.extname(file);
    res.writeHead(200, {
      "content-type": TYPES[ext] ?? "application/octet-stream",
      // Hashed asset names can be cached for ever; the page itself must be revalidated.
      "cache-control": file.includes(`${path.sep}assets${path.sep}`)
        ? "public, max-age=31536000, immutable"
        : "no-cache",
    });
    createReadStream(file).pipe(res);
    return true;
  };
}
