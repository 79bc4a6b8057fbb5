export class Base { hi() { return "hi"; } }
