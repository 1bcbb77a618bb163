/**
 * Whether something answers a POST at `url` (any status): how the kit tells that a bot it waits
 * for is up. A refused connection or a second without an answer is `false`.
 */
export async function answersPost(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      signal: AbortSignal.timeout(1_000),
    });
    await response.arrayBuffer();
    return true;
  } catch {
    return false;
  }
}
