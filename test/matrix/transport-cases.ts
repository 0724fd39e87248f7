/** The transport matrix: TLS, redirects and proxies, as rows. */
export const TRANSPORT_CASES = [
  'action: https with a private CA, ZENML_STORE_VERIFY_SSL unset: refused',
  'action: https with a private CA given by path in ZENML_STORE_VERIFY_SSL: accepted',
  'action: https with a private CA given as PEM text in ZENML_STORE_VERIFY_SSL: accepted',
  'client: a redirect to another host is refused; that host sees nothing',
  'action: http:// server through HTTP_PROXY (NO_PROXY empty): the proxy carries every ZenML request',
  'action: https:// server through HTTPS_PROXY (CONNECT, NO_PROXY empty): the proxy carries every ZenML request',
  'action: HTTP_PROXY with NO_PROXY=127.0.0.1: the proxy sees nothing',
] as const;

/** The concurrency matrix. */
export const CONCURRENCY_CASES = ['rotate: two rotations of one key at once'] as const;
