/** The injection token of this instance's id, which the log line of each handled event names. */
export const INSTANCE_ID = Symbol('SampleInstanceId');
