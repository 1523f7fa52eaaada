// The server's version, as `serverInfo` and `xlcfg-language-server --version` report it.
export const SERVER_VERSION = '0.1.0';
