# checkout-api production database and its network boundary.
resource "aws_db_instance" "checkout_prod" {
  identifier            = "checkout-prod"
  engine                = "postgres"
  engine_version        = "15.4"
  instance_class        = "db.r6g.large"
  allocated_storage     = 200
  max_connections_param = 200
  vpc_security_group_ids = [aws_security_group.checkout_db.id]
  deletion_protection   = true
}

resource "aws_security_group" "checkout_db" {
  name        = "checkout-db"
  description = "postgres from the checkout-api pods only"
  vpc_id      = var.vpc_id

  ingress {
    from_port   = 5432
    to_port     = 5432
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/16"]
  }
}

variable "vpc_id" {
  type = string
}
