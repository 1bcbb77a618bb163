// Preloaded (`node --import`) into a server profiled with `node --cpu-prof`. The profile is written
// only when the process exits normally, and the sample's shutdown hooks end it by raising the
// signal again; so the harness ends a profiled server by closing its IPC channel instead.
process.once('disconnect', () => process.exit(0));
