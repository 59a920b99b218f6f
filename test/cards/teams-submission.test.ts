import assert from 'node:assert/strict';
import { fromTeamsInvoke, fromTeamsSubmit } from '../../src/cards/teams/submission.js';

describe('Teams submissions', () => {
  it('reads an adaptiveCard/action invoke: the verb, and data that already holds the inputs', () => {
    const value = {
      action: {
        type: 'Action.Execute',
        id: 'pass',
        verb: 'turn.pass',
        data: { meetingId: 'm1', version: 12, behalf: true, onBehalfOf: 'p-matti', skipped: null },
      },
      trigger: 'manual',
    };
    assert.deepEqual(fromTeamsInvoke(value), {
      verb: 'turn.pass',
      fields: { meetingId: 'm1', version: '12', behalf: 'true', onBehalfOf: 'p-matti' },
    });
    assert.deepEqual(fromTeamsInvoke({ action: { type: 'Action.Execute', verb: 'ui.refresh' } }), {
      verb: 'ui.refresh',
      fields: {},
    });
  });

  it('reads the Action.Submit fallback, and leaves out what Teams itself adds', () => {
    const value = {
      verb: 'floor.request',
      meetingId: 'm1',
      version: 4,
      msteams: { type: 'messageBack' },
      presentIds: ['p1', 'p2'],
    };
    assert.deepEqual(fromTeamsSubmit(value), {
      verb: 'floor.request',
      fields: { meetingId: 'm1', version: '4', presentIds: 'p1,p2' },
    });
  });

  it('gives nothing for malformed values instead of throwing', () => {
    const invokes: unknown[] = [
      undefined,
      null,
      'x',
      {},
      { action: null },
      { action: { type: 'Action.Submit', verb: 'turn.pass', data: {} } },
      { action: { type: 'Action.Execute', data: {} } },
      { action: { type: 'Action.Execute', verb: '', data: {} } },
      { action: { type: 'Action.Execute', verb: 5, data: {} } },
      { action: { type: 'Action.Execute', verb: 'turn.pass', data: 'meetingId=m1' } },
      { action: { type: 'Action.Execute', verb: 'turn.pass', data: [1] } },
    ];
    for (const v of invokes) assert.equal(fromTeamsInvoke(v), undefined, JSON.stringify(v));
    const submits: unknown[] = [
      undefined,
      null,
      [],
      'turn.pass',
      {},
      { verb: 3 },
      { verb: '' },
      { meetingId: 'm1' },
    ];
    for (const v of submits) assert.equal(fromTeamsSubmit(v), undefined, JSON.stringify(v));
  });
});
