/**
 * The language server's own texts, as templates filled by the core's one formatter: the
 * client's locale (InitializeParams.locale, or `locale` in initializationOptions) picks
 * their language and the findings' (`setMessageLocale`).
 */
import { localeFromEnv, setMessageLocale, voice, type LocaleEnv, type MessageLocale } from '../core/index';
import { LSP_ZH_CN } from './locales/zh-cn';

export const LSP_MESSAGES = {
  configProblem: 'Device Map Studio config: {problem}',
  unknownDocument: 'unknown document {uri}: open it first (textDocument/didOpen)',
  notAnalysed: '{uri}: only Python, JSON, shell and YAML documents are analysed',
  closed: '{uri} was closed',
  hintMapToFolder:
    'map the name to a local checkpoint folder under [tool.device-map-studio.models] in pyproject.toml (or device-map-studio.toml)',
  hintEnableHub: 'set hub.enabled = true in the config file (or "hub": {"enabled": true} in the client settings)',
  hintHubEndpoint: 'hub.endpoint in the config file, or HF_ENDPOINT',
  hintTrustWorkspace: 'open the folder as a trusted workspace',
} as const;

export const lspSay = voice('lsp', LSP_MESSAGES);

/**
 * The locale a client asks for: `locale` in initializationOptions (what the user set for this
 * server) over InitializeParams.locale (the editor's UI language); neither (Neovim sends none):
 * undefined, and the server's environment decides.
 */
export function clientLocale(params: { readonly locale?: string; readonly initializationOptions?: unknown }): string | undefined {
  const opts = params.initializationOptions;
  const fromOptions = opts && typeof opts === 'object' ? (opts as Record<string, unknown>)['locale'] : undefined;
  return typeof fromOptions === 'string' && fromOptions !== '' ? fromOptions : params.locale;
}

/** Sets the catalogue for a client's locale, else the process's LC_ALL > LC_MESSAGES > LANG (the core's findings and these texts). */
export function useClientLocale(
  params: { readonly locale?: string; readonly initializationOptions?: unknown },
  env: LocaleEnv,
): MessageLocale {
  return setMessageLocale(clientLocale(params) ?? localeFromEnv(env), { 'zh-cn': LSP_ZH_CN });
}
