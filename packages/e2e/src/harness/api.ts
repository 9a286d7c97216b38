// Calls the server's tRPC HTTP endpoint directly, for changes a test makes "from elsewhere".

interface Envelope<T> {
  result?: { data: T };
  error?: { message: string };
}

export async function callApi<T>(
  url: string,
  procedure: string,
  input: unknown,
  token?: string,
): Promise<T> {
  const response = await fetch(`${url}/trpc/${procedure}`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify(input),
  });
  const body = (await response.json()) as Envelope<T>;
  if (!response.ok || !body.result) {
    throw new Error(
      `${procedure} failed (${response.status}): ${body.error?.message ?? "no result"}`,
    );
  }
  return body.result.data;
}

export async function tokenOf(url: string, email: string, password = "demo1234"): Promise<string> {
  const result = await callApi<{ token: string }>(url, "auth.login", { email, password });
  return result.token;
}
