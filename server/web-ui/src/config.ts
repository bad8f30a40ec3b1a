// The web-ui service's configuration section (`web-ui` in the config file, KESTREL_WEB_UI_* in the
// environment); docs/configuration.md describes each key.
import { Type, type Static } from '@sinclair/typebox';

/** Schema of the `web-ui` config section. */
export const WebUiConfigSchema = Type.Object(
  {
    root: Type.String({
      default: '',
      expected: 'a folder path (empty: the repository build desktop/out/renderer)',
      description: 'Folder of the built renderer (`npm run build -w desktop` writes desktop/out/renderer). Empty: that folder next to this package.',
    }),
  },
  { additionalProperties: false },
);

/** The validated `web-ui` section. */
export type WebUiConfig = Static<typeof WebUiConfigSchema>;
