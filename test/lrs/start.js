// Starts Learning Locker's xAPI statement service (xapi-statements 5.0.1)
// in memory, bound to 127.0.0.1 only, for Ally's integration tests.
//
//   EXPRESS_PORT=PORT ALLY_LRS_DIR=DIR node start.js
//
// It prints "ready <port>" on stdout once it is listening. The service
// itself calls app.listen(port), which binds every interface; the patch
// below makes that loopback only.
'use strict';
const http = require('http');
const path = require('path');

const dir = process.env.ALLY_LRS_DIR || path.join(__dirname, 'storage');
Object.assign(process.env, {
  AUTH_REPO: 'test',
  EVENTS_REPO: 'test',
  MODELS_REPO: 'memory',
  STORAGE_REPO: 'local',
  FS_LOCAL_STORAGE_DIR: dir,
  EXPRESS_MORGAN_DIRECTORY: path.join(dir, 'accessLogs'),
  WINSTON_CONSOLE_LEVEL: process.env.WINSTON_CONSOLE_LEVEL || 'warn',
  SERVICE_AWAIT_UPDATES: 'true',
});
if (!process.env.EXPRESS_PORT) {
  console.error('start.js: set EXPRESS_PORT');
  process.exit(2);
}

const listen = http.Server.prototype.listen;
http.Server.prototype.listen = function (port, ...rest) {
  const cb = rest.find((a) => typeof a === 'function');
  this.once('listening', () => {
    process.stdout.write('ready ' + this.address().port + '\n');
  });
  return listen.call(this, { port: Number(port), host: '127.0.0.1' }, cb);
};
require('xapi-statements/dist/server');
