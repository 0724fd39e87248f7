// The start-up floor of `npm run bench`: a do-nothing action on @actions/core that reads one input and fails,
// bundled with the same ncc as dist/. No action that uses the runner's own library can start faster.
import * as core from '@actions/core';

core.setFailed(`command: '${core.getInput('command')}' is not a command`);
