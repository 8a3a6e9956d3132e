export * from './target.js';
export * from './errors.js';
export { DockerTarget } from './docker-target.js';
export { LocalTarget } from './local-target.js';
export { ConfigFolderTarget } from './config-folder-target.js';
export { connectEngine, engineAddress, engineIsLocal } from './docker-engine.js';
export { locateMailServer, type Candidate, type LocateOptions } from './locate.js';
