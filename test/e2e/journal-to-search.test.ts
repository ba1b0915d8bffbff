import { applianceContractEnv, describeApplianceContract } from '../contract/appliance.contract.js';
import { startHarness } from '../support/embedded-harness.js';

describeApplianceContract('embedded profile (SQLite)', async () => startHarness(await applianceContractEnv()));
