// Run by `npx ampx sandbox seed` (S in ampdeck's Users pane): test data for the sandbox.
import { addToUserGroup, createAndSignUpUser } from '@aws-amplify/seed';
import { Amplify } from 'aws-amplify';
import outputs from '../../amplify_outputs.json';

Amplify.configure(outputs);

const user = await createAndSignUpUser({
  username: 'seeded@example.com',
  password: 'Seed-pass-1',
  signInAfterCreation: false,
  signInFlow: 'Password',
});
await addToUserGroup(user, 'EDITORS');
