'use strict';
// serverless-esbuild loads `custom.esbuild.plugins` with require(): this CommonJS shim loads the TypeScript
// through tsx (a root devDependency).
const { require: tsRequire } = require('tsx/cjs/api');

module.exports = tsRequire('./esbuildPlugins.ts', __filename).esbuildPlugins;
