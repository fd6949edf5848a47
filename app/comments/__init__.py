"""Comments: a video's comments, one level of replies, adding and deleting them."""
