export { FakeKube, parseManifests, type FakeKubeOptions, type RequestRecord } from './server';
export { expandControllers } from './expand';
export { RESOURCE_TYPES, BY_KIND, listPath, type ResourceType } from './resources';
