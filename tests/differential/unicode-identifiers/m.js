export const ñ = "enye", 変数 = "hensuu", $dollar = "$", _under = "_";
