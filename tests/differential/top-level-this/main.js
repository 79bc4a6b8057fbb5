console.log(this, typeof this);
const arrow = () => this;
console.log(arrow());
