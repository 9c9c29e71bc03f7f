// @ts-check
'use strict';
/**
 * The implementation under test, plugged into the harness as an object implementing the
 * DeviceUnderTest port (no HTTP). A provider puts its own DCC validation code behind these six
 * methods; this example uses the faulty example of the repository (examples/faulty-dut): the
 * reference simulator with the `skip-counter` defect (replays and counter rollbacks accepted).
 */
const { createReferenceDut, withFault } = require('smets1-harness');

/** @returns {import('smets1-harness').DeviceUnderTest} */
function createMyDcc() {
  const impl = withFault(createReferenceDut({ policy: 'legacy' }), 'skip-counter');
  return {
    name: 'my-dcc',
    provision: (options) => impl.provision(options),
    submit: (request) => impl.submit(request),
    apply: (event) => impl.apply(event),
    inspect: (deviceId) => impl.inspect(deviceId),
    reset: () => impl.reset(),
    close: () => impl.close(),
  };
}

module.exports = { createMyDcc };
