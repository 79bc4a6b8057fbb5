export default class { static name() { return "custom"; } }
