/** Python calls that make an HTTP request, by resolved callee. */
export const PYTHON_HTTP_CALL =
  /^(requests|httpx)\.(get|post|put|patch|delete|head|request|stream)$|^(httpx\.(Client|AsyncClient)|aiohttp\.ClientSession|requests\.Session|requests\.session)\(\)\.(get|post|put|patch|delete|head|request|stream)$|^urllib\.request\.(urlopen|Request|urlretrieve)$|^urllib3\.(PoolManager\(\)\.request|request)$|^http\.client\.(HTTPConnection|HTTPSConnection)$/;

/** JavaScript calls that make an HTTP request, by resolved callee. */
export const JS_HTTP_CALL =
  /^(fetch|node-fetch|axios|axios\.(get|post|put|patch|delete|head|request)|axios\.default\.(get|post|put|patch|delete|request)|got|got\.(get|post|put|patch|delete)|undici\.(fetch|request)|(https?|node:https?)\.(get|request))$/;
