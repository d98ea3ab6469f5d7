console.log("generate: placeholder")
