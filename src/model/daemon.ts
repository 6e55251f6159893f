/** Which Gazelle daemon answers on a control socket: the name its socket file and the C grammar use. */
export type Daemon = 'ltran' | 'lstack';
