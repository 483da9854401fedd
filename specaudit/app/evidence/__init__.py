"""Which code implements a clause: gathering and ranking proposals, rejections."""
