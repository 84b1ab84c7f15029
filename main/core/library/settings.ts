// Reader settings: settings.json (theme, type, line width, retention, list order…).
// A setting with a bad value falls back to its default (schema.ts) rather than
// costing the user the rest.
import { join } from 'node:path'
import { Low } from 'lowdb'
import type { Settings } from '../../../common/model'
import { defaultSettings } from '../../../common/model'
import { SafeJsonFile, type NoticeSink } from '../storage/safe-json-file'
import { settingsSpec, SETTINGS_VERSION, type SettingsDoc } from './schema'

export class SettingsStore {
  private readonly db: Low<SettingsDoc>

  constructor(dataDir: string, notify: NoticeSink) {
    this.db = new Low(new SafeJsonFile(join(dataDir, 'settings.json'), settingsSpec, notify), { version: SETTINGS_VERSION, ...defaultSettings })
  }

  load(): Promise<void> {
    return this.db.read()
  }

  get(): Settings {
    const { version: _v, ...s } = this.db.data
    return s
  }

  async update(patch: Partial<Settings>): Promise<Settings> {
    Object.assign(this.db.data, patch)
    await this.db.write()
    return this.get()
  }
}
