import Conf from 'conf';

interface PreferenceSchema {
  /** The container the user picked last time several mail servers were running. */
  lastContainer?: string;
}

let store: Conf<PreferenceSchema> | undefined;

/** mailwiz's own settings file (e.g. ~/.config/mailwiz/config.json); MAILWIZ_CONFIG_DIR moves it. */
export function preferences(): Conf<PreferenceSchema> {
  store ??= new Conf<PreferenceSchema>({
    projectName: 'mailwiz',
    projectSuffix: '',
    cwd: process.env.MAILWIZ_CONFIG_DIR || undefined,
  });
  return store;
}
