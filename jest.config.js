/** One config for unit specs (beside the code) and end-to-end specs (under test/). */
module.exports = {
  rootDir: '.',
  roots: ['<rootDir>/src', '<rootDir>/test'],
  testRegex: '\\.(spec|e2e-spec)\\.ts$',
  moduleFileExtensions: ['ts', 'js', 'json'],
  testEnvironment: 'node',
  // NestJS 12 ships ES modules: swc rewrites them (and their import.meta.url) for Jest on Node 20; @fastify/cookie
  // loads `cookie` with a dynamic import(), which swc turns into a require.
  transform: { '^.+\\.(t|j)s$': ['@swc/jest'] },
  transformIgnorePatterns: ['/node_modules/(?!(@nestjs|@fastify/cookie|cookie|content-disposition|file-type)/)'],
  testTimeout: 30000,
};
